-- A deleted account's KYC submissions keep their type, provider, reference, status and dates (the audit of the
-- account's past payouts), but no longer what identifies the document: the keyed hash and the last four characters
-- are erased, so that the same document may be verified again on a new account.
ALTER TABLE kyc_submissions ALTER COLUMN number_hmac DROP NOT NULL,
    ALTER COLUMN number_last4 DROP NOT NULL;
