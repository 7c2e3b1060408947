package org.ketaminefhir.adapter.api;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard's address: its page is static (src/main/resources/static/dashboard), its data the API. */
@Controller
class DashboardController {

    @GetMapping({"/", "/dashboard", "/dashboard/"})
    public String dashboard() {
        return "redirect:/dashboard/index.html";
    }
}
