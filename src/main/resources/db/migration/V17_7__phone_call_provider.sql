-- The telephony provider a phone call was placed with (banter.telephony.provider at the time). An operator may switch
-- providers while calls are in progress: those calls are still asked about, hung up and reconciled with the provider
-- that holds them. Null for app calls, and for phone calls placed before this column, which use the active provider.
ALTER TABLE calls ADD COLUMN telephony_provider varchar(16);
