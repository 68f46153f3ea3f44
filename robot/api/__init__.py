"""The robot's knowledge over HTTP: the API, the lobby kiosk page and the staff page.

service (the shared Answerer, per channel) -> app (routes) behind guard (token, rate,
size), sse (streamed sentences), pages (kiosk and staff HTML); gate lets the visitor
at the robot use the one LLM first; server and cli start it alone or beside the loop.
"""
