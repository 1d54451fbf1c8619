-- The photo or scan of the document the user uploaded with a submission (a KYC_DOCUMENT media id), for moderators.
ALTER TABLE kyc_submissions ADD COLUMN document_media_id uuid;
