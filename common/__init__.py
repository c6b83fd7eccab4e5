"""Pieces every part of Kezek uses: the kk/ru/en catalogue, layered settings, statistics.

Pure Python: no Flask, no Qt, no HTTP.
"""
