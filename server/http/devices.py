"""Devices' status reports, the organiser's device list, test prints and the dashboard."""

from flask import Blueprint, g

from contract import operations as ops

from .routing import route, services

devices = Blueprint("devices", __name__)


@route(devices, ops.DEVICE_STATUS)
def device_status(body):
    return services().devices.report(g.principal, body)


@route(devices, ops.DEVICES)
def device_list():
    return services().devices.devices()


@route(devices, ops.DEVICE_TEST_PRINT)
def device_test_print(token_id: int):
    return services().devices.order_test_print(token_id)


@route(devices, ops.DASHBOARD)
def dashboard():
    return services().dashboard.compute()[0]
