# Renders LiveKit's config from a template: fills ${NAME} placeholders with JSON-quoted values from the environment
# (valid YAML strings, whatever they contain) and derives the TURN credential from the secret shared with coturn, as
# coturn's use-auth-secret checks it: username "<expiry>:livekit", credential base64(HMAC-SHA1(secret, username)).
# Usage: python3 render.py TEMPLATE OUTPUT, with LIVEKIT_API_KEY, LIVEKIT_API_SECRET, TURN_SECRET,
# TURN_CREDENTIAL_TTL_HOURS and REDIS_PASSWORD in the environment.
import base64
import hashlib
import hmac
import json
import os
import string
import sys
import time

template_path, output_path = sys.argv[1], sys.argv[2]
values = dict(os.environ)
expiry = int(time.time()) + int(values["TURN_CREDENTIAL_TTL_HOURS"]) * 3600
values["TURN_USERNAME"] = f"{expiry}:livekit"
digest = hmac.new(values["TURN_SECRET"].encode(), values["TURN_USERNAME"].encode(), hashlib.sha1).digest()
values["TURN_CREDENTIAL"] = base64.b64encode(digest).decode()
with open(template_path) as template:
    config = string.Template(template.read()).substitute({k: json.dumps(v) for k, v in values.items()})
with open(output_path, "w") as output:
    output.write(config)
