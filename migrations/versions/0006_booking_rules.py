"""Booking rules: places taken never exceed capacity, and booking_reminder (one reminder per booking and session).

PostgreSQL gets a CHECK (booked_count <= capacity). SQLite cannot add a CHECK without rebuilding
research_session, and a rebuild drops the old table, which with foreign keys on deletes every booking
(ON DELETE CASCADE): so on SQLite two triggers refuse the same rows instead, with a constraint error. A later
migration that rebuilds research_session on SQLite must create these triggers again.

The booking services only raise booked_count with `WHERE booked_count < capacity`, so the rule never refuses them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_SQLITE_TRIGGER = """
CREATE TRIGGER {name} BEFORE {event} ON research_session
WHEN NEW.booked_count > NEW.capacity
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: ck_research_session_booked_within_capacity');
END
"""
_TRIGGERS = {
    'tr_research_session_booked_within_capacity_insert': 'INSERT',
    'tr_research_session_booked_within_capacity_update': 'UPDATE OF booked_count, capacity',
}


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for name, event in _TRIGGERS.items():
            op.execute(_SQLITE_TRIGGER.format(name=name, event=event))
    else:
        op.create_check_constraint(
            op.f('ck_research_session_booked_within_capacity'), 'research_session', 'booked_count <= capacity'
        )

    op.create_table('booking_reminder',
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('research_session_id', sa.Integer(), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_reminder_booking_id_booking'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_booking_reminder_outbox_message_id_outbox_message'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['research_session_id'], ['research_session.id'], name=op.f('fk_booking_reminder_research_session_id_research_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_reminder')),
    sa.UniqueConstraint('booking_id', 'research_session_id', name='uq_booking_reminder_booking_session')
    )


def downgrade():
    op.drop_table('booking_reminder')
    if op.get_bind().dialect.name == 'sqlite':
        for name in _TRIGGERS:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
    else:
        op.drop_constraint(op.f('ck_research_session_booked_within_capacity'), 'research_session', type_='check')
