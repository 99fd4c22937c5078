"""A named sender (issue 9, item 12): outbox_message.from_name is the display name of a message's From header
when the message names who sends it (an invitation: the study's owner and the research team); empty, as for
every existing message, means the name in PROFI_MAIL_FROM. The address is always PROFI_MAIL_FROM's.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_name', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('from_name')
