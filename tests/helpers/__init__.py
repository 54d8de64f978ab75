"""Helpers shared by several test modules: plain functions and classes, one module per topic.

Test modules import helpers from here (or fixtures through a conftest.py), never from another test module:
tests/test_layout.py keeps it so.
"""
