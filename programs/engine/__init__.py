"""The periodisation engine: pure Python, no Django. Profile, template and exercise catalogue
in; a periodised, dated strength plan out, checked against the rules of DOMAIN.md."""

from .build import build_plan
from .catalogue import ExerciseRecord
from .checks import check_plan
from .document import FORMAT, document_to_plan, plan_to_document
from .feedback import SORENESS_SETTLING_WEEKS, soreness_alert, without_painful
from .loads import (
    WarmupSet,
    epley_1rm,
    load_from_percent,
    plate_step,
    round_to_plate,
    warmup_sets,
)
from .plan import KeptSession, PhaseBlock, Plan, PlannedExercise, PlannedSession, RuleWarning
from .profile import MAX_WEEKS, Profile, ProfileError, RunDay, parse_profile, profile_to_dict
from .rules import RULES, SEVERITY
from .template import (
    PhaseSpec,
    PrescriptionSpec,
    SessionSpec,
    Template,
    TemplateError,
    default_template,
    template_from_dict,
    template_to_dict,
)

__all__ = [
    "FORMAT",
    "KeptSession",
    "MAX_WEEKS",
    "RULES",
    "SEVERITY",
    "SORENESS_SETTLING_WEEKS",
    "ExerciseRecord",
    "PhaseBlock",
    "PhaseSpec",
    "Plan",
    "PlannedExercise",
    "PlannedSession",
    "PrescriptionSpec",
    "Profile",
    "ProfileError",
    "RuleWarning",
    "RunDay",
    "SessionSpec",
    "Template",
    "TemplateError",
    "WarmupSet",
    "build_plan",
    "check_plan",
    "default_template",
    "document_to_plan",
    "epley_1rm",
    "load_from_percent",
    "parse_profile",
    "plan_to_document",
    "plate_step",
    "profile_to_dict",
    "round_to_plate",
    "soreness_alert",
    "template_from_dict",
    "template_to_dict",
    "warmup_sets",
    "without_painful",
]
