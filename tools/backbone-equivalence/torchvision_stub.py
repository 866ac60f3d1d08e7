"""Stands in for torchvision, which timm imports at start-up but the models compared here never call.

The CPU torch wheel of the local mirror has no matching torchvision (the one pip finds fails to load
its operators), so every `torchvision...` import gets an empty module whose attributes are distinct
placeholder classes (timm builds dictionaries keyed by them); calling one raises.
"""
import importlib.abc
import importlib.machinery
import sys
import types


class _Placeholder(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        sub = _Placeholder(name, (cls,), {})
        setattr(cls, name, sub)
        return sub


class _Unavailable(metaclass=_Placeholder):
    def __init__(self, *args, **kwargs):
        raise RuntimeError("torchvision is not available in this check")


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name == "torchvision" or name.startswith("torchvision."):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda attr: getattr(_Unavailable, attr)
        return module

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, _Finder())
