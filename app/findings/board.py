"""The theme board of a project (issue 10, item 3): its observations grouped by tag, and moving them between
themes with buttons, not dragging (A11Y-2).

An observation with several tags is under each; one with none is in a group of its own, last. The board is read
in a fixed number of queries however many observations it holds (tags, observations, their tags, and consent
through evidence.held_back_reasons). Text of people whose words are held back (CON-7) never leaves this module
for a reader who may not see it: viewers get None, and the page says "Held back"; researchers get the text and
why it is held back. Every change is audited: an observation's themes as "observation.updated", a new theme as
"tag.created", renaming and merging through tags.rename_tag and tags.merge_tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.uk_time import uk_date
from app.extensions import db
from app.findings import evidence, tags
from app.findings.errors import FindingsError
from app.findings.models import Observation, Tag, observation_tag
from app.findings.observations import get_observation
from app.participants.models import Participant
from app.studies.models import ResearchSession

MOVE, ADD, REMOVE = "move", "add", "remove"
ACTIONS = (MOVE, ADD, REMOVE)


class InvalidTheme(FindingsError):
    """A change to the board that cannot be made: no theme chosen, a theme or observation not in the project, an
    empty or too long name, a name another theme has, merging a theme into itself. `field` names what is wrong:
    "observation", "action", "theme", "name", "source" or "target"."""

    def __init__(self, message: str = "", field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class BoardItem:
    """One observation as the board shows it. `text` is None when the reader may not see it (held back, CON-7);
    `held_back` says why to those who may (researchers), else is ""."""

    id: int
    code: str
    kind: str
    language: str
    session_date: date  # Europe/London
    text: str | None
    held_back: str
    tag_ids: tuple[int, ...]


@dataclass
class Theme:
    """A group on the board: a tag and its observations, or (tag None) the observations with no tag."""

    tag: Tag | None
    items: list[BoardItem] = field(default_factory=list)


@dataclass
class Board:
    themes: list[Theme]  # each tag alphabetically (folded), then the untagged
    tags: list[Tag]
    observations: int


def theme_board(project_id: int, *, may_read_held_back: bool) -> Board:
    """The project's observations grouped by tag, sessions oldest first. `may_read_held_back`: the reader is a
    researcher or admin (sees held-back text with the reason) rather than a viewer (sees neither)."""
    project_tags = list(db.session.scalars(select(Tag).where(Tag.project_id == project_id).order_by(Tag.key)))
    rows = db.session.execute(
        select(
            Observation.id,
            Participant.code,
            Observation.kind,
            Observation.language,
            ResearchSession.starts_at,
            Observation.text,
            Observation.participant_id,
        )
        .join(Participant, Participant.id == Observation.participant_id)
        .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
        .where(Observation.project_id == project_id)
        .order_by(ResearchSession.starts_at, Observation.id)
    ).all()
    tagged: dict[int, list[int]] = {}
    for observation_id, tag_id in db.session.execute(
        select(observation_tag.c.observation_id, observation_tag.c.tag_id)
        .join(Observation, Observation.id == observation_tag.c.observation_id)
        .where(Observation.project_id == project_id)
    ):
        tagged.setdefault(observation_id, []).append(tag_id)
    held = evidence.held_back_reasons(row.participant_id for row in rows)
    themes = {tag.id: Theme(tag) for tag in project_tags}
    untagged = Theme(None)
    for row in rows:
        reason = held.get(row.participant_id)
        item = BoardItem(
            id=row.id,
            code=row.code,
            kind=str(row.kind),
            language=row.language,
            session_date=uk_date(row.starts_at),
            text=row.text if reason is None or may_read_held_back else None,
            held_back=evidence.held_back_label(reason) if reason and may_read_held_back else "",
            tag_ids=tuple(tagged.get(row.id, ())),
        )
        for tag_id in item.tag_ids:
            themes[tag_id].items.append(item)
        if not item.tag_ids:
            untagged.items.append(item)
    return Board([*themes.values(), untagged], project_tags, len(rows))


# Changing the board ----------------------------------------------------------------------------------------


def _theme(project_id: int, tag_id: int | None, field: str = "theme") -> Tag:
    tag = tags.get_tag(project_id, tag_id) if tag_id else None
    if tag is None:
        raise InvalidTheme(_("Choose a theme from the list"), field)
    return tag


def change_themes(
    project_id: int,
    observation_id: int | None,
    action: str,
    *,
    theme_id: int | None,
    from_theme_id: int | None,
    actor: StaffUser | None = None,
) -> Observation:
    """Move an observation from one theme (`from_theme_id`, the group it was shown in; None for the untagged) to
    another (`theme_id`), add it to another keeping the rest, or remove it from `from_theme_id`. Audited as
    "observation.updated" with the names added and removed. Raises InvalidTheme (nothing changes)."""
    observation = get_observation(project_id, observation_id) if observation_id else None
    if observation is None:
        raise InvalidTheme(_("This observation is not on the board any more"), "observation")
    if action not in ACTIONS:
        raise InvalidTheme(_("Choose move, add or remove"), "action")
    current = list(observation.tags)
    source = (
        _theme(project_id, from_theme_id, "from_theme")
        if action == REMOVE or (action == MOVE and from_theme_id)
        else None
    )
    target = _theme(project_id, theme_id) if action in (MOVE, ADD) else None
    wanted = [tag for tag in current if source is None or tag.id != source.id]
    if target is not None and all(tag.id != target.id for tag in wanted):
        wanted.append(target)
    added = [tag.name for tag in wanted if tag not in current]
    removed = [tag.name for tag in current if tag not in wanted]
    if added or removed:
        observation.tags = wanted
        db.session.flush()
        record_event(
            "observation.updated",
            target_type="observation",
            target_id=observation.id,
            actor=actor,
            details={"themes_added": added, "themes_removed": removed},
        )
    return observation


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not tags.tag_key(name):
        raise InvalidTheme(_("Enter a name for the theme"), "name")
    if len(name) > tags.MAX_TAG_LENGTH:
        raise InvalidTheme(_("Enter a name of %(max)d characters or fewer", max=tags.MAX_TAG_LENGTH), "name")
    return name


def create_theme(project_id: int, name: str, *, actor: StaffUser | None = None) -> Tag:
    """A new theme (tag) for the project. Raises InvalidTheme for an empty or too long name, or one a theme of
    the project already has (however it is typed: tags.tag_key)."""
    name = _name(name)
    existing = db.session.scalars(
        select(Tag).where(Tag.project_id == project_id, Tag.key == tags.tag_key(name))
    ).first()
    if existing is not None:
        raise InvalidTheme(_("The project already has a theme called “%(name)s”", name=existing.name), "name")
    [tag] = tags.tags_named(project_id, [name])
    record_event("tag.created", target_type="tag", target_id=tag.id, actor=actor, details={"name": tag.name})
    return tag


def rename_theme(project_id: int, tag_id: int | None, name: str, *, actor: StaffUser | None = None) -> Tag:
    """Rename a theme; a name another theme already has merges the two (tags.rename_tag). Returns the theme the
    observations now carry. Raises InvalidTheme."""
    tag = _theme(project_id, tag_id)
    return tags.rename_tag(tag, _name(name), actor=actor)


def merge_themes(
    project_id: int, source_id: int | None, target_id: int | None, *, actor: StaffUser | None = None
) -> Tag:
    """Give every observation of one theme the other instead, and remove the first (tags.merge_tags). Raises
    InvalidTheme for a theme not in the project, or the same theme twice."""
    source, target = _theme(project_id, source_id, "source"), _theme(project_id, target_id, "target")
    if source.id == target.id:
        raise InvalidTheme(_("Choose two different themes to merge"), "target")
    return tags.merge_tags(source, target, actor=actor)
