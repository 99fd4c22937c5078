"""Invitations get their own table (was read back from the audit trail, which a retention sweep would reset).

Existing "invitation.sent" audit events become invitation rows (the first per study and participant, by the
member of staff who sent it), and "invitation.reminded" events give each row its reminder count and the time
of the last one. Audit events name the participant by code, so rows whose participant no longer exists are
skipped. The downgrade drops the table; the audit events themselves are untouched either way.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 04:00:00

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    invitation = op.create_table('invitation',
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('reminder_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['staff_user.id'], name=op.f('fk_invitation_invited_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_invitation_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_invitation_study_id_study'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('study_id', 'participant_id', name=op.f('uq_invitation_study_participant'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_participant_id'), ['participant_id'], unique=False)

    _copy_from_audit_trail(invitation)


def _copy_from_audit_trail(invitation):
    bind = op.get_bind()
    audit = sa.table('audit_event', sa.column('id', sa.Integer), sa.column('occurred_at', sa.DateTime(timezone=True)),
                     sa.column('actor_id', sa.Integer), sa.column('action', sa.String),
                     sa.column('target_type', sa.String), sa.column('target_id', sa.String),
                     sa.column('details', sa.JSON))
    participant = sa.table('participant', sa.column('id', sa.Integer), sa.column('code', sa.String))
    study = sa.table('study', sa.column('id', sa.Integer))
    ids_by_code = dict(bind.execute(sa.select(participant.c.code, participant.c.id)).all())
    study_ids = set(bind.execute(sa.select(study.c.id)).scalars())
    rows = {}
    events = bind.execute(
        sa.select(audit.c.occurred_at, audit.c.actor_id, audit.c.action, audit.c.target_id, audit.c.details)
        .where(audit.c.target_type == 'study', audit.c.action.in_(('invitation.sent', 'invitation.reminded')))
        .order_by(audit.c.id)
    ).all()
    for occurred_at, actor_id, action, target_id, details in events:
        if isinstance(details, str):
            details = json.loads(details)
        code = (details or {}).get('participant')
        if not target_id.isdigit() or int(target_id) not in study_ids or code not in ids_by_code:
            continue
        key = (int(target_id), ids_by_code[code])
        if action == 'invitation.sent' and key not in rows:
            rows[key] = {'study_id': key[0], 'participant_id': key[1], 'invited_by_id': actor_id,
                         'reminder_count': 0, 'last_reminded_at': None,
                         'created_at': occurred_at, 'updated_at': occurred_at}
        elif action == 'invitation.reminded' and key in rows:
            rows[key]['reminder_count'] += 1
            rows[key]['last_reminded_at'] = occurred_at
            rows[key]['updated_at'] = occurred_at
    if rows:
        op.bulk_insert(invitation, list(rows.values()))


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_participant_id'))

    op.drop_table('invitation')
