"""The learner's course summary (the job-support tool): one data model that every export draws on."""

from .model import CourseSummary, ModuleRecord, build_summary

__all__ = ["CourseSummary", "ModuleRecord", "build_summary"]
