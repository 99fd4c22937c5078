"""Attendance: a booking can also be marked "late_cancel" (cancelled after the cut-off, or on the day).

The booking table's status check gains the value. On SQLite the batch operation rebuilds the table; env.py turns
foreign-key enforcement off for it, so the reminders that point at bookings are kept.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 05:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_BEFORE = "status IN ('booked', 'cancelled', 'attended', 'no_show')"
_AFTER = "status IN ('booked', 'cancelled', 'attended', 'no_show', 'late_cancel')"


def upgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_constraint('status_known', type_='check')
        batch_op.create_check_constraint('status_known', _AFTER)


def downgrade():
    # Late cancellations were cancellations before this revision.
    op.execute("UPDATE booking SET status = 'cancelled' WHERE status = 'late_cancel'")
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_constraint('status_known', type_='check')
        batch_op.create_check_constraint('status_known', _BEFORE)
