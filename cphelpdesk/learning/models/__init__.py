"""Learning pathways: the catalogue (pathways, steps, module pages, quizzes, live sessions), in several
languages, and each member's enrolments, progress, registrations, submissions and certificates."""

from cphelpdesk.learning.models.catalogue import (
    Choice,
    LiveSession,
    ModulePage,
    ModulePageTranslation,
    Pathway,
    PathwayTranslation,
    Question,
    Quiz,
    Step,
    StepTranslation,
)
from cphelpdesk.learning.models.progress import (
    Certificate,
    Enrolment,
    LearningReferral,
    QuizAttempt,
    SessionRegistration,
    StepProgress,
    Submission,
)

__all__ = ["Certificate", "Choice", "Enrolment", "LearningReferral", "LiveSession", "ModulePage",
           "ModulePageTranslation", "Pathway", "PathwayTranslation", "Question", "Quiz", "QuizAttempt",
           "SessionRegistration", "Step", "StepProgress", "StepTranslation", "Submission"]
