-- the claim finds each patient's oldest waiting record (min(id) per patient_key among pending and retrying)
create index ix_journal_record_waiting on journal_record (state, patient_key, id);
