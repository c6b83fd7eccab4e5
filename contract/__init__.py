"""The API's shapes, declared once: what every part of Kezek agrees on.

Enums, request bodies, answers and events are msgspec Structs. The server
validates requests and builds answers with them, the OpenAPI document is
generated from them, and the clients decode the server's JSON into them. No
Flask, no Qt, no storage here: this package sits below all of them.
"""
