"""Projects and their phases."""

from __future__ import annotations

from datetime import date

import factory

from app.projects.models import Phase, Project
from tests.factories.base import BaseFactory


class ProjectFactory(BaseFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    name_cy = factory.Sequence(lambda n: f"Prosiect {n}")
    name_en = factory.Sequence(lambda n: f"Project {n}")
    summary_cy = "Crynodeb"
    summary_en = "Summary"


class PhaseFactory(BaseFactory):
    """A discovery phase of a new project. Trait: current."""

    class Meta:
        model = Phase

    class Params:
        current = factory.Trait(is_current=True)

    project = factory.SubFactory(ProjectFactory)
    kind = "discovery"
    starts_on = date(2026, 1, 5)
    ends_on = date(2026, 3, 27)
    is_current = False
    research_questions_cy = "Beth sydd ei angen ar bobl?"
    research_questions_en = "What do people need?"
