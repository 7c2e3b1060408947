-- What a record's last delivery under a write plan sent, what reached the chart only in the clinical note
-- and what the EHR could not take at all, each with the plan's reason (the DeliveryReport as JSON), and the
-- revision it describes. Resource types, counts and the plan's reasons only, no record content: it stays
-- when the retention purge drops the bodies. A record whose plan sends none of it ends in the state
-- 'withheld' (state is free text: no constraint to widen).
alter table journal_record add column delivery_report text;
alter table journal_record add column report_revision integer;
