"""align: bilingual (English-Arabic and more) document alignment by multilingual sentence embeddings.

The stages, one subpackage each, data flowing one way: :mod:`align.read` (files -> lines),
:mod:`align.prepare` (lines -> :class:`Document`), :mod:`align.embed` (texts -> vectors),
:mod:`align.core` (documents -> :class:`Alignment`), :mod:`align.report` (coverage),
:mod:`align.export` (writers); :mod:`align.corpus` runs them over many pairs.

The names below are loaded when first used (``lazy_loader`` reads them from ``__init__.pyi``), so
``import align`` and the ``align`` command start without loading numpy or the model libraries: Ctrl-C
at start-up still gives ``align: interrupted``, not a traceback.
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach_stub(__name__, __file__)
