-- A user's KYC now keeps the document image of their newest submission only: opening a submission releases the images
-- of the earlier ones (kyc.KycSubmissions.open). The images of earlier submissions kept before that are released here
-- the same way: taken off the submission, and unattached, so that the media cleanup deletes them.
WITH earlier AS (
    SELECT s.id, s.document_media_id FROM kyc_submissions s
    WHERE s.document_media_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM kyc_submissions newer
                  WHERE newer.user_id = s.user_id AND (newer.created_at, newer.id) > (s.created_at, s.id))
), taken_off AS (
    UPDATE kyc_submissions s SET document_media_id = NULL FROM earlier WHERE s.id = earlier.id
)
UPDATE media SET attached_at = NULL WHERE id IN (SELECT document_media_id FROM earlier);
