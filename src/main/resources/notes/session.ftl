<#--
  The session note a clinician reads in the chart (plain text, UTF-8). IT staff may change it: copy this file
  to the folder named by adapter.notes.template-dir and edit it there. FreeMarker 2.3 syntax
  (https://freemarker.apache.org/docs/). The data:
    session      the session record (docs/interface.md, Records): status, statusReason, location, clinicians[] (npi, name,
                 role), indication (icd10, treatmentResistant), course (number, plannedTotal, phase),
                 medication (drug, route, doseMg, doseMgPerKg, weightKg, rateMgPerHour, devices, lotNumber),
                 administration (start, end), monitoring (end, readyToLeaveMinutes), vitals[] (time, phase,
                 values by the vital-sign catalog's fields: systolic, diastolic, heartRate, …), adverseEvents[] (type,
                 severity, time, treatment, text), discharge (time, clinicallyStable, escort)
    scores[]     in-session scores by time: instrument, title, time, value, max, band
    rems         esketamine only: complete, groups[] (title, answers[] (question, value)), findings[]
  Every time has .dateTime ("2026-11-20 09:05 -08:00"), .date, .time ("09:05") and .offset, in the offset
  the clinic sent. A missing value is written with a default: ${x!"-"}.
-->
<#assign m = session.medication>
<#assign drug = (m.drug == "esketamine")?then("Esketamine (SPRAVATO)", "Ketamine")>
<#assign statusText = {"completed": "completed", "stopped": "stopped before the full dose", "not-done": "not done",
    "cancelled": "cancelled", "entered-in-error": "ENTERED IN ERROR: disregard this note"}>
<#-- MOAA/S levels (Spravato label): what the score means at the bedside -->
<#assign moaas = {"5": "responds readily to name spoken in a normal tone", "4": "lethargic response to name in a normal tone",
    "3": "responds only after name is called loudly and/or repeatedly", "2": "responds only after mild prodding or shaking",
    "1": "responds only after painful trapezius squeeze", "0": "no response after painful trapezius squeeze"}>
<#-- a left-aligned cell of a fixed-width table; callers give missing values a default: x!"-" -->
<#macro cell value width>${value?string?right_pad(width)}</#macro>
${drug} treatment session: ${statusText[session.status]!session.status}
<#if session.statusReason??>
Reason: ${session.statusReason}
</#if>
<#if session.course??>
Course: session ${session.course.number!"?"}<#if session.course.plannedTotal??> of ${session.course.plannedTotal}</#if><#if session.course.phase??> (${session.course.phase})</#if>
</#if>
<#if session.indication??>
Indication: ICD-10-CM ${session.indication.icd10}<#if session.indication.treatmentResistant!false> (treatment-resistant)</#if>
</#if>
<#if session.location??>
Location: ${session.location}
</#if>

MEDICATION
Drug:   ${drug}
Route:  ${m.route}
Dose:   <#if m.doseMg??>${m.doseMg} mg<#else>none given</#if><#if m.doseMgPerKg??> (${m.doseMgPerKg} mg/kg<#if m.weightKg??> at ${m.weightKg} kg</#if>)</#if>
<#if m.rateMgPerHour??>
Rate:   ${m.rateMgPerHour} mg/h
</#if>
<#if m.devices??>
Devices: ${m.devices}
</#if>
Lot:    ${m.lotNumber!"not recorded"}

TIMES
<#if session.administration??>
<#if session.status == "not-done" || session.status == "cancelled">
Scheduled: ${session.administration.start!"-"}
<#else>
Administration: ${session.administration.start!"-"}<#if session.administration.end??> to ${session.administration.end}</#if>
</#if>
<#else>
No administration times (the dose was not given)
</#if>
<#if session.monitoring??>
Monitoring until: ${session.monitoring.end!"-"}
<#if session.monitoring.readyToLeaveMinutes??>
Ready to leave after: ${session.monitoring.readyToLeaveMinutes} minutes from the start of administration
</#if>
</#if>
<#if session.clinicians?has_content>

CLINICIANS
<#list session.clinicians as c>
${c.role?right_pad(14)}${c.name!"(name not recorded)"} (NPI ${c.npi})
</#list>
</#if>
<#if session.vitals?has_content>

VITAL SIGNS (times ${session.vitals[0].time.offset})
<@cell "Time" 7/><@cell "Phase" 7/><@cell "BP mmHg" 9/><@cell "HR/min" 8/><@cell "SpO2 %" 8/><@cell "RR/min" 8/>Temp C
<#list session.vitals as v>
<@cell v.time.time 7/><@cell v.phase!"-" 7/><#if v.values.systolic?? && v.values.diastolic??><@cell v.values.systolic + "/" + v.values.diastolic 9/><#else><@cell "-" 9/></#if><@cell v.values.heartRate!"-" 8/><@cell v.values.spo2!"-" 8/><@cell v.values.respiratoryRate!"-" 8/>${v.values.temperatureC!"-"}
</#list>
</#if>
<#if scores?has_content>

IN-SESSION SCORES
<#list scores as s>
${s.time.time}  ${s.instrument} ${s.value}<#if s.max??> of ${s.max}</#if><#if s.instrument == "MOAA/S">: ${moaas[s.value?c]!""}<#elseif s.band??>: ${s.band}</#if>
</#list>
</#if>
<#if session.adverseEvents?has_content>

ADVERSE EVENTS
<#list session.adverseEvents as e>
${(e.time.time)!"--:--"}  ${e.type}<#if e.severity??> (${e.severity})</#if><#if e.text??>: ${e.text}</#if>
<#if e.treatment??>
       treated with: ${e.treatment}
</#if>
</#list>
</#if>
<#if session.discharge??>

DISCHARGE
Time: ${session.discharge.time!"-"}
Clinically stable: ${(session.discharge.clinicallyStable?string("yes", "no"))!"not recorded"}
Escort present: ${(session.discharge.escort?string("yes", "no"))!"not recorded"}
</#if>
<#if rems??>

SPRAVATO REMS PATIENT MONITORING FORM: <#if rems.complete>complete<#else>INCOMPLETE</#if>
<#list rems.groups as g>
<#if g.answers?has_content>
${g.title}
<#list g.answers as a>
  ${a.question}: ${a.value?is_boolean?then(a.value?string("yes", "no"), a.value?string)}
</#list>
</#if>
</#list>
<#if rems.findings?has_content>
Still missing or against the REMS rules:
<#list rems.findings as f>
  - ${f}
</#list>
</#if>
</#if>
