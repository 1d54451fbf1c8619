-- The pruning job deletes the oldest records first (platform.webhook.WebhookInboxPruning).
CREATE INDEX webhook_inbox_received_at ON webhook_inbox (received_at);
