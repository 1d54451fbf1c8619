-- Every capture of a hold goes through the ledger's one charging path, which records what it adds to a hold on the
-- charge's own key; nothing writes hold_extensions any more.
DROP TABLE hold_extensions;
