-- the audit lists the newest events first (the dashboard asks every few seconds): each source by its time
create index ix_journal_revision_received on journal_revision (received_at);
create index ix_record_replay_at on record_replay (replayed_at);
