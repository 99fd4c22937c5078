"""A project's tags (themes). A tag is known by its folded name: "Llŷr", "llyr" and "LLYR" are one tag, shown as
first written. Merging moves every observation of one tag to another in two statements, so counts stay right."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_event
from app.extensions import db
from app.findings.models import Tag, observation_tag
from app.participants.search import fold

MAX_TAG_LENGTH = 80


def tag_key(name: str) -> str:
    """The folded name a tag is known by (lower case, accents and repeated spaces gone), at most 80 characters."""
    return fold(name)[:MAX_TAG_LENGTH]


def split_tag_names(text: str) -> list[str]:
    """Tag names typed in one field, separated by commas or semicolons, tidied, without repeats (by key)."""
    names: dict[str, str] = {}
    for part in (text or "").replace(";", ",").split(","):
        name = " ".join(part.split())[:MAX_TAG_LENGTH]
        if name and tag_key(name) not in names:
            names[tag_key(name)] = name
    return list(names.values())


def tags_named(project_id: int, names: Iterable[str]) -> list[Tag]:
    """The project's tags with these names, made when missing (flushes). In the order given."""
    wanted = {tag_key(name): name for name in names if tag_key(name)}
    if not wanted:
        return []
    found = {
        tag.key: tag
        for tag in db.session.scalars(select(Tag).where(Tag.project_id == project_id, Tag.key.in_(wanted)))
    }
    for key, name in wanted.items():
        if key not in found:
            savepoint = db.session.begin_nested()
            tag = Tag(project_id=project_id, name=name, key=key)
            db.session.add(tag)
            try:
                db.session.flush()
                savepoint.commit()
            except IntegrityError:  # a concurrent request made it first: the unique key decides
                savepoint.rollback()
                tag = db.session.scalars(
                    select(Tag).where(Tag.project_id == project_id, Tag.key == key)
                ).one()
            found[key] = tag
    return [found[key] for key in wanted]


def project_tags(project_id: int) -> list[tuple[Tag, int]]:
    """Every tag of the project with how many observations carry it, alphabetically (folded)."""
    count = (
        select(func.count())
        .select_from(observation_tag)
        .where(observation_tag.c.tag_id == Tag.id)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Tag, count).where(Tag.project_id == project_id).order_by(Tag.key))
    return [(tag, n) for tag, n in rows]


def get_tag(project_id: int, tag_id: int) -> Tag | None:
    return db.session.scalars(select(Tag).where(Tag.project_id == project_id, Tag.id == tag_id)).first()


def rename_tag(tag: Tag, name: str, *, actor=None) -> Tag:
    """Rename a tag; a name another tag of the project already has merges this one into it. Returns the tag the
    observations now carry."""
    name = " ".join(name.split())[:MAX_TAG_LENGTH]
    key = tag_key(name)
    if not key:
        return tag
    other = db.session.scalars(
        select(Tag).where(Tag.project_id == tag.project_id, Tag.key == key, Tag.id != tag.id)
    ).first()
    if other is not None:
        return merge_tags(tag, other, actor=actor)
    old = tag.name
    tag.name, tag.key = name, key
    db.session.flush()
    record_event(
        "tag.renamed", target_type="tag", target_id=tag.id, actor=actor, details={"from": old, "to": name}
    )
    return tag


def merge_tags(source: Tag, target: Tag, *, actor=None) -> Tag:
    """Give every observation tagged `source` the tag `target` instead, and remove `source` (same project)."""
    if source.id == target.id or source.project_id != target.project_id:
        return target
    already = select(observation_tag.c.observation_id).where(observation_tag.c.tag_id == target.id)
    db.session.execute(
        insert(observation_tag).from_select(
            ["observation_id", "tag_id"],
            select(observation_tag.c.observation_id, literal(target.id)).where(
                observation_tag.c.tag_id == source.id, observation_tag.c.observation_id.not_in(already)
            ),
        )
    )
    db.session.execute(delete(observation_tag).where(observation_tag.c.tag_id == source.id))
    record_event(
        "tag.merged",
        target_type="tag",
        target_id=target.id,
        actor=actor,
        details={"merged": source.name, "into": target.name},
    )
    db.session.delete(source)
    db.session.flush()
    return target
