import logging
import sqlite3
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy.exc import IntegrityError

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
    except AttributeError:
        return str(get_engine().url).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True)

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, enforced=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=get_metadata(),
                # SQLite's DDL is transactional once SQLAlchemy owns BEGIN (app/__init__.py): run every
                # migration in one transaction, so a refused migration leaves nothing half done.
                transactional_ddl=True if sqlite else None,
                **conf_args,
            )

            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    _refuse_broken_foreign_keys(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, enforced=True)


def _sqlite_foreign_keys(connection, *, enforced):
    """Turn SQLite's foreign-key enforcement off for the migrations, and on again after them.

    Batch mode rebuilds a table by copying it, dropping the old one and renaming the copy; with enforcement on,
    the drop deletes (ON DELETE CASCADE) or nulls every row that points at the table, e.g. every booking of a
    rebuilt research_session. Alembic's documentation: the pragma must be off while batch mode runs.

    SQLite ignores this pragma inside a transaction, and SQLAlchemy would begin one before any statement sent
    through it (app/__init__.py emits BEGIN on every begin), so it goes straight to the driver's connection,
    which runs in autocommit mode (isolation_level=None) between SQLAlchemy's transactions.
    """
    if connection.in_transaction():
        connection.rollback()
    driver_connection = connection.connection.driver_connection
    driver_connection.execute(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}")
    now = driver_connection.execute("PRAGMA foreign_keys").fetchone()[0]
    if now != int(enforced):
        raise RuntimeError(f"SQLite did not turn foreign-key enforcement {'on' if enforced else 'off'}")


def _refuse_broken_foreign_keys(connection):
    """With enforcement off, a migration could leave rows pointing at nothing: refuse it before it commits."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        shown = ", ".join(f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in broken[:10])
        message = f"FOREIGN KEY constraint failed: the migration left {len(broken)} row(s) pointing at nothing: {shown}"
        # The error PostgreSQL raises for the same migration, so callers see one kind of failure.
        raise IntegrityError("PRAGMA foreign_key_check", None, sqlite3.IntegrityError(message))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
