"""Bookings: booking, waitlist_entry, outbox_attachment (for .ics files), and research_session.booked_count.

A participant has at most one live booking per session (a partial unique index, WHERE status = 'booked'), and
one open waitlist entry per study. research_session.booked_count counts places taken; the booking services
change it only with conditional UPDATEs, so capacity holds under concurrency (BK-1). Existing sessions have
no bookings, so the count starts at 0.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 01:27:38.674640

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('research_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('booked_count', sa.Integer(), server_default='0', nullable=False))

    op.create_table('booking',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('research_session_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('assisted', sa.Boolean(), nullable=False),
    sa.Column('assisted_by_id', sa.Integer(), nullable=True),
    sa.Column('assisted_via', sa.String(length=10), nullable=True),
    sa.Column('adjustments_requested', sa.Text(), nullable=False),
    sa.Column('wants_welsh', sa.Boolean(), nullable=False),
    sa.Column('uid', sa.String(length=255), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("assisted_via IS NULL OR assisted_via IN ('phone', 'email')", name=op.f('ck_booking_assisted_via_known')),
    sa.CheckConstraint("status IN ('booked', 'cancelled', 'attended', 'no_show')", name=op.f('ck_booking_status_known')),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_booking_sequence_not_negative')),
    sa.ForeignKeyConstraint(['assisted_by_id'], ['staff_user.id'], name=op.f('fk_booking_assisted_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_booking_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['research_session_id'], ['research_session.id'], name=op.f('fk_booking_research_session_id_research_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking')),
    sa.UniqueConstraint('uid', name=op.f('uq_booking_uid'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_participant_id', ['participant_id'], unique=False)
        batch_op.create_index('ix_booking_research_session_status', ['research_session_id', 'status'], unique=False)
        batch_op.create_index('uq_booking_live_participant_session', ['participant_id', 'research_session_id'], unique=True, sqlite_where=sa.text("status = 'booked'"), postgresql_where=sa.text("status = 'booked'"))

    op.create_table('waitlist_entry',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('offered_session_id', sa.Integer(), nullable=True),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status != 'offered' OR (offered_session_id IS NOT NULL AND offer_expires_at IS NOT NULL)", name=op.f('ck_waitlist_entry_offer_complete')),
    sa.CheckConstraint("status IN ('waiting', 'offered', 'accepted', 'lapsed', 'removed')", name=op.f('ck_waitlist_entry_status_known')),
    sa.ForeignKeyConstraint(['offered_session_id'], ['research_session.id'], name=op.f('fk_waitlist_entry_offered_session_id_research_session'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_waitlist_entry_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_waitlist_entry_study_id_study'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist_entry'))
    )
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.create_index('ix_waitlist_entry_status_expires', ['status', 'offer_expires_at'], unique=False)
        batch_op.create_index('ix_waitlist_entry_study_status_created', ['study_id', 'status', 'created_at'], unique=False)
        batch_op.create_index('uq_waitlist_entry_open_participant_study', ['participant_id', 'study_id'], unique=True, sqlite_where=sa.text("status IN ('waiting', 'offered')"), postgresql_where=sa.text("status IN ('waiting', 'offered')"))

    op.create_table('outbox_attachment',
    sa.Column('outbox_message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=100), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_outbox_attachment_outbox_message_id_outbox_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachment'))
    )
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_attachment_outbox_message_id', ['outbox_message_id'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_attachment_outbox_message_id')

    op.drop_table('outbox_attachment')
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.drop_index('uq_waitlist_entry_open_participant_study', sqlite_where=sa.text("status IN ('waiting', 'offered')"), postgresql_where=sa.text("status IN ('waiting', 'offered')"))
        batch_op.drop_index('ix_waitlist_entry_study_status_created')
        batch_op.drop_index('ix_waitlist_entry_status_expires')

    op.drop_table('waitlist_entry')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('uq_booking_live_participant_session', sqlite_where=sa.text("status = 'booked'"), postgresql_where=sa.text("status = 'booked'"))
        batch_op.drop_index('ix_booking_research_session_status')
        batch_op.drop_index('ix_booking_participant_id')

    op.drop_table('booking')

    with op.batch_alter_table('research_session', schema=None) as batch_op:
        batch_op.drop_column('booked_count')
