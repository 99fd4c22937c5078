"""Who made a participant's last status change (issue 9, item 4): participant.status_set_by, "participant" or
"staff". An opt-out or withdrawal the participant made can be undone only by them, or by staff recording their
own request with a reason. Existing people who have opted out or withdrawn are taken to have done so themselves
(the safer reading: staff can still record a request to rejoin); everyone else, "staff".

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 07:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('status_set_by', sa.String(length=12), server_default='staff', nullable=False)
        )
    op.execute("UPDATE participant SET status_set_by = 'participant' WHERE status IN ('opted_out', 'withdrawn')")


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('status_set_by')
