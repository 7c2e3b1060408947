package org.ketaminefhir.adapter.journal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the dashboard lists: records by kind, state and time, and how many are in each state. */
public class RecordListing {

    /**
     * @param kind  a record kind, or null for all
     * @param state a delivery state, or null for all
     * @param since received at or after, or null
     * @param until received before, or null
     */
    public record Filter(String kind, String state, Instant since, Instant until) {}

    private final JdbcTemplate jdbc;

    RecordListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest records that pass the filter (newest received first). */
    public List<JournalEntry> find(Filter filter, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> arguments = new ArrayList<>();
        if (filter.kind() != null) {
            where.append(" and kind = ?");
            arguments.add(filter.kind());
        }
        if (filter.state() != null) {
            where.append(" and state = ?");
            arguments.add(filter.state());
        }
        if (filter.since() != null) {
            where.append(" and received_at >= ?");
            arguments.add(filter.since().atOffset(ZoneOffset.UTC));
        }
        if (filter.until() != null) {
            where.append(" and received_at < ?");
            arguments.add(filter.until().atOffset(ZoneOffset.UTC));
        }
        arguments.add(limit);
        return jdbc.query(
                "select " + Journal.COLUMNS + " from journal_record" + where
                        + " order by received_at desc, id desc limit ?",
                Journal.ENTRY,
                arguments.toArray());
    }

    /** Record counts by state, then by kind: {@code {"delivered": {"session": 3, ...}, ...}}. */
    public Map<String, Map<String, Long>> countsByState() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (RecordState state : RecordState.values()) {
            counts.put(state.wireName(), new TreeMap<>());
        }
        jdbc.query("select state, kind, count(*) from journal_record group by state, kind", rs -> {
            counts.computeIfAbsent(rs.getString(1), s -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return counts;
    }
}
