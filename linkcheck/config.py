"""Link-check settings (the ``[check]`` table of noteatlas.toml)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CheckConfig(BaseModel):
    """Options of ``noteatlas check``. Unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")
