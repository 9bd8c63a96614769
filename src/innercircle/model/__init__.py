"""Decision models: forecast how a group of actors decides an issue, what-if scenarios, backtests.

Modules (each does one job):

- `issue`: the input records (`Issue`, `Actor`, `Scale`, `Uncertain`);
- `readers`: issue files (YAML, CSV, KTAB SMP CSV); `deu`: the DEU benchmark file;
- `circle`: an issue from power-map actor records + an analyst positions file;
- `batch`: the array form (rows × actors) that every model consumes;
- models, each a pure numpy function with its formula in the docstring: `compromise`,
  `median`, `nash`, `expected_utility` (Bueno de Mesquita / Scholz et al. 2011), `leader`;
  `registry` lists them by name;
- `montecarlo`: seeded sampling of uncertain inputs, summaries; `scenario`: remove / add /
  change actors, sensitivity;
- `backtest`: mean absolute error on recorded outcomes, cross-validated by proposal;
- `figure`: the decision figure (matplotlib, Agg).
"""

from innercircle.model.batch import Batch
from innercircle.model.issue import Actor, Issue, Scale, Uncertain
from innercircle.model.registry import MODELS, ModelInfo, model_names

__all__ = ["MODELS", "Actor", "Batch", "Issue", "ModelInfo", "Scale", "Uncertain", "model_names"]
