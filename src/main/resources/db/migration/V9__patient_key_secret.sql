-- journal_record.patient_key and session_window.patient_key become an HMAC-SHA256 of the MRN with an
-- installation secret (PatientKeys): an unsalted SHA-256 of an MRN is reversed by trying every MRN.
-- The one row says with which secret the keys were made; PatientKeys rehashes the rows at start when
-- that is not the secret in use (first start after this migration: verifier null, keys unsalted).
create table patient_key_scheme (
    id       integer primary key,
    -- made at first start unless adapter.journal.patient-key-secret is set (then never stored)
    secret   varchar(128),
    -- HMAC of a fixed text with the secret the keys were made with; null: unsalted SHA-256
    verifier varchar(64)
);
insert into patient_key_scheme (id, secret, verifier) values (1, null, null);
