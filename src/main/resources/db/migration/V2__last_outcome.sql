-- the OperationOutcome behind the last error: the validator's when a record's resources do not
-- validate, the EHR's when it refused them (shown whole by the status API)
alter table journal_record add column last_outcome text;
