"""The testing team: participants, participation, segments, limits, consent, coverage targets, imports, outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 00:19:33.074065

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('coverage_target',
    sa.Column('dimension', sa.String(length=30), nullable=False),
    sa.Column('value', sa.String(length=30), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('percent >= 0 AND percent <= 100', name=op.f('ck_coverage_target_percent_in_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage_target')),
    sa.UniqueConstraint('dimension', 'value', name=op.f('uq_coverage_target_dimension_value'))
    )
    op.create_table('participant',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('organisation_type', sa.String(length=30), nullable=False),
    sa.Column('region', sa.String(length=20), nullable=False),
    sa.Column('job_role', sa.String(length=200), nullable=False),
    sa.Column('seniority', sa.String(length=20), nullable=False),
    sa.Column('years_in_procurement', sa.Integer(), nullable=True),
    sa.Column('preferred_language', sa.String(length=10), nullable=False),
    sa.Column('welsh_willingness', sa.String(length=10), nullable=False),
    sa.Column('adjustments', sa.Text(), nullable=False),
    sa.Column('recruited_via', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('search_key', sa.String(length=800), nullable=False),
    sa.Column('link_version', sa.Integer(), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("organisation_type IN ('local_authority', 'health', 'education', 'housing', 'welsh_government', 'emergency', 'other_public', 'supplier', 'third_sector')", name=op.f('ck_participant_organisation_type_known')),
    sa.CheckConstraint("preferred_language IN ('cy', 'en', 'unknown')", name=op.f('ck_participant_language_known')),
    sa.CheckConstraint("recruited_via IN ('programme', 'event', 'referral', 'network', 'sign_up', 'other')", name=op.f('ck_participant_recruited_via_known')),
    sa.CheckConstraint("region IN ('north', 'mid', 'south_west', 'south_east', 'outside')", name=op.f('ck_participant_region_known')),
    sa.CheckConstraint("seniority IN ('entry', 'practitioner', 'senior', 'manager', 'head')", name=op.f('ck_participant_seniority_known')),
    sa.CheckConstraint("status IN ('active', 'paused', 'opted_out', 'withdrawn')", name=op.f('ck_participant_status_known')),
    sa.CheckConstraint("welsh_willingness IN ('yes', 'no', 'unknown')", name=op.f('ck_participant_welsh_willingness_known')),
    sa.CheckConstraint('years_in_procurement IS NULL OR years_in_procurement BETWEEN 0 AND 60', name=op.f('ck_participant_years_sane')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('code', name=op.f('uq_participant_code')),
    sa.UniqueConstraint('email', name=op.f('uq_participant_email')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index('ix_participant_search_key', ['search_key'], unique=False)
        batch_op.create_index('ix_participant_status', ['status'], unique=False)

    participation_limit = op.create_table('participation_limit',
    sa.Column('max_sessions', sa.Integer(), nullable=False),
    sa.Column('period_days', sa.Integer(), nullable=False),
    sa.Column('cooldown_days', sa.Integer(), nullable=False),
    sa.Column('warn_when_remaining', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation_limit'))
    )
    # The default participation limit (BK-7): three sessions a year, a month apart.
    op.bulk_insert(participation_limit, [{
        'max_sessions': 3, 'period_days': 365, 'cooldown_days': 30, 'warn_when_remaining': 1, 'active': True,
        'created_at': datetime.now(timezone.utc), 'updated_at': datetime.now(timezone.utc),
    }])
    op.create_table('consent_form',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('title_cy', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('purposes', sa.JSON(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'published') = (published_at IS NOT NULL)", name=op.f('ck_consent_form_published_has_date')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_consent_form_status_known')),
    sa.ForeignKeyConstraint(['published_by_id'], ['staff_user.id'], name=op.f('fk_consent_form_published_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_form')),
    sa.UniqueConstraint('version', name=op.f('uq_consent_form_version'))
    )
    op.create_table('import_batch',
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('imported_count', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('previewed', 'imported', 'discarded')", name=op.f('ck_import_batch_status_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_import_batch_created_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('limit_override',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['staff_user.id'], name=op.f('fk_limit_override_granted_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_limit_override_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_limit_override'))
    )
    op.create_table('outbox_message',
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('eml_path', sa.String(length=500), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'sent', 'dead')", name=op.f('ck_outbox_message_status_known')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_outbox_message_participant_id_participant'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_message_message_id'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_status_created', ['status', 'created_at'], unique=False)

    op.create_table('participation',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('took_part_on', sa.Date(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_participation_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff_user.id'], name=op.f('fk_participation_recorded_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation'))
    )
    with op.batch_alter_table('participation', schema=None) as batch_op:
        batch_op.create_index('ix_participation_participant_date', ['participant_id', 'took_part_on'], unique=False)

    op.create_table('segment',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_segment_created_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segment')),
    sa.UniqueConstraint('name', name=op.f('uq_segment_name'))
    )
    op.create_table('consent_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('taken_by_id', sa.Integer(), nullable=True),
    sa.Column('taken_by_label', sa.String(length=320), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('consent', 'withdrawal')", name=op.f('ck_consent_record_kind_known')),
    sa.CheckConstraint("language IN ('cy', 'en')", name=op.f('ck_consent_record_language_known')),
    sa.CheckConstraint("method IN ('online', 'paper', 'phone', 'verbal')", name=op.f('ck_consent_record_method_known')),
    sa.ForeignKeyConstraint(['form_id'], ['consent_form.id'], name=op.f('fk_consent_record_form_id_consent_form'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_consent_record_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['taken_by_id'], ['staff_user.id'], name=op.f('fk_consent_record_taken_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_record'))
    )
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.create_index('ix_consent_record_participant_recorded', ['participant_id', 'recorded_at'], unique=False)



def downgrade():
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_record_participant_recorded')

    op.drop_table('consent_record')
    op.drop_table('segment')
    with op.batch_alter_table('participation', schema=None) as batch_op:
        batch_op.drop_index('ix_participation_participant_date')

    op.drop_table('participation')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_status_created')

    op.drop_table('outbox_message')
    op.drop_table('limit_override')
    op.drop_table('import_batch')
    op.drop_table('consent_form')
    op.drop_table('participation_limit')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_status')
        batch_op.drop_index('ix_participant_search_key')

    op.drop_table('participant')
    op.drop_table('coverage_target')
