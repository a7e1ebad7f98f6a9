"""Subcommands that live in their own modules; :mod:`pipeline.cli` registers each one."""
