-- An optional stable id of the phone (Android ID / iOS identifierForVendor) next to its FCM token, which changes on
-- reinstall: the referral rules allow one reward per device.
ALTER TABLE devices ADD COLUMN device_id varchar(128);
CREATE INDEX devices_device_id ON devices (device_id) WHERE device_id IS NOT NULL;
