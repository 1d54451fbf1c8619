-- Phone-network calls (issue 14): a call is carried either by LiveKit (APP) or by the telephony provider bridging
-- the two parties' phone numbers (PHONE). provider_call_id is the provider's id of the call (Exotel CallSid, Twilio
-- parent CallSid), asked about by the reconciler when status callbacks are overdue.
alter table calls add column carrier varchar(8) not null default 'APP';
alter table calls add column provider_call_id varchar(64);
create unique index calls_provider_call_id on calls (provider_call_id) where provider_call_id is not null;
