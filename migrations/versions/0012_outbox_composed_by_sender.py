"""Outbox messages the sender composes: outbox_message.compose names the composer and its arguments (JSON) until
the sender has written the subject, body and attachments, then is cleared. Existing messages are composed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 07:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('compose', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('compose')
