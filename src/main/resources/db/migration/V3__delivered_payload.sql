-- what the EHR holds: the record as last delivered. A correction is mapped against it, so the parts
-- it drops (a reading, an assessment) are sent as entered-in-error (docs/fhir.md, What the EHR receives)
alter table journal_record add column delivered_payload text;
