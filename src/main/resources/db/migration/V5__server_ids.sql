-- For EHRs without conditional updates (the batch dialect): the id the EHR gave each resource a record
-- produced, so a resend updates it (PUT Type/id) instead of creating another.
create table server_id (
    namespace_value varchar(300) not null,
    resource_type   varchar(64)  not null,
    server_id       varchar(64)  not null,
    primary key (namespace_value, resource_type)
);
