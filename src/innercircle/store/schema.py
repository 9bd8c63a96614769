"""The store's tables (SQLAlchemy Core). Migrations in `migrations/versions` must match this.

Dates are ISO strings, possibly partial ("2025", "2025-06"), so they compare correctly as text;
each date column has a `*_method` column saying how it was determined (`records.DateMethod`).
Entity ids are stable strings; a merged entity keeps its row with `merged_into` set (a redirect).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("outlet", String(300), primary_key=True),
    Column("grade", String(2)),
    Column("affiliation", Text),
    Column("notes", Text),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("url", Text),
    Column("outlet", String(300)),
    Column("title", Text),
    Column("language", String(16)),
    Column("published", String(10)),
    Column("published_method", String(20), nullable=False),
    Column("published_text", Text),
    Column("body", Text, nullable=False),
    Column("source_path", Text),
    Column("removed", JSON, nullable=False),
    Column("duplicate_of", String(64), ForeignKey("documents.id")),
    Column("duplicate_score", Float),
    Column("revision_of", String(64), ForeignKey("documents.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("metadata", JSON, nullable=False),
    Column("extracted_at", DateTime(timezone=True)),
    Column("extractor", String(100)),
    Index("ix_documents_url", "url"),
    Index("ix_documents_published", "published"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("merged_into", String(120), ForeignKey("entities.id")),
    Column("origin", String(20), nullable=False),  # extraction | watchlist | analyst
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("properties", JSON, nullable=False),
    Index("ix_entities_type", "type"),
    Index("ix_entities_merged_into", "merged_into"),
)

aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", String(120), ForeignKey("entities.id"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("key", String(300), nullable=False),  # normalised matching key
    UniqueConstraint("entity_id", "alias"),
    Index("ix_aliases_key", "key"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(20), nullable=False),
    Column("entity_id", String(120), ForeignKey("entities.id")),
    Column("local_key", String(40), nullable=False),
    Column("zone", String(20), nullable=False),
    Column("source", String(20), nullable=False),
    Index("ix_mentions_doc_id", "doc_id"),
    Index("ix_mentions_entity_id", "entity_id"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", String(120), ForeignKey("entities.id"), nullable=False),
    Column("predicate", String(40), nullable=False),
    Column("object_id", String(120), ForeignKey("entities.id")),
    Column("value", Text),
    Column("role", Text),
    Column("qualifiers", JSON, nullable=False),
    Column("valid_from", String(10)),
    Column("valid_from_method", String(20), nullable=False),
    Column("valid_to", String(10)),
    Column("valid_to_method", String(20), nullable=False),
    Column("date_text", Text),
    Column("reported_at", String(10)),
    Column("reported_method", String(20), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("doc_id", String(64), ForeignKey("documents.id")),
    Column("ev_start", Integer),
    Column("ev_end", Integer),
    Column("ev_text", Text),
    Column("zone", String(20), nullable=False),
    Column("attribution", Text),
    Column("extractor", String(100), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("fingerprint", String(40), nullable=False),  # stable across re-extraction
    Index("ix_statements_subject", "subject_id", "predicate", "valid_from"),
    Index("ix_statements_object", "object_id", "predicate", "valid_from"),
    Index("ix_statements_predicate_date", "predicate", "valid_from"),
    Index("ix_statements_doc_date", "doc_id", "valid_from", "predicate"),
    Index("ix_statements_fingerprint", "fingerprint"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker_id", String(120), ForeignKey("entities.id")),
    Column("date", String(10)),
    Column("date_method", String(20), nullable=False),
    Column("stance", Text),
    Column("extractor", String(100), nullable=False),
    Column("confidence", Float, nullable=False),
    Index("ix_quotes_doc_id", "doc_id"),
    Index("ix_quotes_speaker_id", "speaker_id"),
)

judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # same | different | unsure | accept | reject
    Column("subject", String(120), nullable=False),
    Column("object", String(120)),
    Column("author", String(200), nullable=False),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("undone_at", DateTime(timezone=True)),
    Index("ix_judgements_subject", "subject"),
    Index("ix_judgements_object", "object"),
)

# --------------------------------------------------------------------------- web (revision 0002)
# API tokens (only a SHA-256 hash is kept), browser sessions bound to a token, and the audit log
# of every write made through the web app or the token commands.

web_tokens = Table(
    "web_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),  # viewer | analyst | admin
    Column("token_hash", String(64), nullable=False),
    Column("prefix", String(16), nullable=False),  # first characters, to recognise a token
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200)),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    UniqueConstraint("token_hash"),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_hash", String(64), nullable=False),
    Column("token_id", Integer, ForeignKey("web_tokens.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_hash"),
    Index("ix_web_sessions_token_id", "token_id"),
)

web_audit = Table(
    "web_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),  # token name (or "cli:<user>")
    Column("token_id", Integer),
    Column("role", String(20)),
    Column("action", String(80), nullable=False),  # e.g. judgement.same, token.create
    Column("target", Text),
    Column("detail", JSON, nullable=False),
    Column("remote", String(64)),
    Index("ix_web_audit_at", "at"),
    Index("ix_web_audit_actor", "actor"),
)
