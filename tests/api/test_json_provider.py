"""The app's JSON encoder and decoder (msgspec, as every answer and event)."""

import json

from flask import Flask

from server.http.json_provider import FastJSONProvider


def provider() -> FastJSONProvider:
    return FastJSONProvider(Flask(__name__))


def test_kazakh_stays_letters_and_keys_keep_their_order():
    text = provider().dumps({"z": "Әкімнің қабылдауы", "a": [1, 2.5, None, True]})
    assert text == '{"z":"Әкімнің қабылдауы","a":[1,2.5,null,true]}'


def test_integers_beyond_64_bits_are_still_json():
    huge = {"queue_ids": [2**64]}
    assert json.loads(provider().dumps(huge)) == huge
    assert provider().loads('{"queue_ids": [18446744073709551616]}') == huge


def test_a_body_that_is_not_json_still_fails_as_a_value_error():
    try:
        provider().loads("{not json")
    except ValueError:
        pass
    else:
        raise AssertionError("malformed JSON was accepted")
