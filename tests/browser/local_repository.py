"""The folder an editor picks in the web editor's "local repository" mode, for a test.

Sveltia CMS works on a local repository through the browser's File System Access API: the
editor picks the folder in Chrome's directory picker, which no automation can answer. A
test puts a `window.showDirectoryPicker` in the page that answers with handles to a real
folder on disk, implementing the part of the API the CMS uses (listing, reading, writing,
moving and removing files) by calls to Python (Playwright's `expose_function`). The CMS's
own code runs unchanged; the files it writes are real files the build then reads.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

SHIM = r"""
(() => {
  const call = (op, path, data) => window.__bantinFolder(op, path, data ?? null);
  const join = (dir, name) => (dir ? `${dir}/${name}` : name);
  const notFound = (path) => new DOMException(`${path} not found`, 'NotFoundError');

  class Handle {
    constructor(path, kind) {
      this.path = path;
      this.kind = kind;
      this.name = path.split('/').pop() || 'site';
    }
    async queryPermission() { return 'granted'; }
    async requestPermission() { return 'granted'; }
    async isSameEntry(other) { return other.path === this.path; }
  }

  class FileHandle extends Handle {
    constructor(path) { super(path, 'file'); }
    async getFile() {
      const found = await call('read', this.path);
      if (!found) throw notFound(this.path);
      const bytes = Uint8Array.from(atob(found.data), (c) => c.charCodeAt(0));
      return new File([bytes], this.name, { lastModified: found.modified });
    }
    async createWritable() {
      const parts = [];
      const path = this.path;
      return {
        async write(data) {
          if (data && data.type === 'write') data = data.data;
          parts.push(data);
        },
        async truncate() {},
        async seek() {},
        async close() {
          const buffer = new Uint8Array(await new Blob(parts).arrayBuffer());
          let text = '';
          for (let i = 0; i < buffer.length; i += 0x8000) {
            text += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
          }
          await call('write', path, btoa(text));
        },
        async abort() {},
      };
    }
    async move(dir, name) {
      const parent = this.path.split('/').slice(0, -1).join('/');
      const target = typeof dir === 'string' ? join(parent, dir)
        : join(dir.path, name ?? this.name);
      await call('move', this.path, target);
      this.path = target;
      this.name = target.split('/').pop();
    }
  }

  class DirectoryHandle extends Handle {
    constructor(path) { super(path, 'directory'); }
    async *entries() {
      for (const [name, kind] of await call('list', this.path)) {
        const path = join(this.path, name);
        yield [name, kind === 'directory' ? new DirectoryHandle(path) : new FileHandle(path)];
      }
    }
    async *values() { for await (const [, handle] of this.entries()) yield handle; }
    async *keys() { for await (const [name] of this.entries()) yield name; }
    [Symbol.asyncIterator]() { return this.entries(); }
    async getDirectoryHandle(name, options) {
      const path = join(this.path, name);
      const kind = await call('kind', path);
      if (kind === 'file') throw new DOMException(path, 'TypeMismatchError');
      if (!kind) {
        if (!options?.create) throw notFound(path);
        await call('mkdir', path);
      }
      return new DirectoryHandle(path);
    }
    async getFileHandle(name, options) {
      const path = join(this.path, name);
      const kind = await call('kind', path);
      if (kind === 'directory') throw new DOMException(path, 'TypeMismatchError');
      if (!kind) {
        if (!options?.create) throw notFound(path);
        await call('write', path, '');
      }
      return new FileHandle(path);
    }
    async removeEntry(name, options) {
      await call('remove', join(this.path, name), options?.recursive ? 'recursive' : '');
    }
    async resolve(other) { return other.path.split('/'); }
  }

  window.showDirectoryPicker = async () => new DirectoryHandle('');
})();
"""


class LocalRepository:
    """Answers the shim's calls from a folder on disk: the site an editor picked."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.written: list[str] = []  # paths the editor saved, in order

    def _path(self, relative: str) -> Path:
        path = (self.root / relative).resolve() if relative else self.root
        if not path.is_relative_to(self.root):
            raise ValueError(f"outside the folder: {relative}")
        return path

    def __call__(self, op: str, relative: str, data: Any) -> Any:
        path = self._path(relative)
        if op == "list":
            return [[p.name, "directory" if p.is_dir() else "file"]
                    for p in sorted(path.iterdir())]
        if op == "kind":
            return "directory" if path.is_dir() else "file" if path.is_file() else None
        if op == "read":
            if not path.is_file():
                return None
            return {"data": base64.b64encode(path.read_bytes()).decode(),
                    "modified": int(path.stat().st_mtime * 1000)}
        if op == "write":
            path.write_bytes(base64.b64decode(data))
            if data:
                self.written.append(relative)
            return None
        if op == "mkdir":
            path.mkdir(parents=True, exist_ok=True)
            return None
        if op == "move":
            target = self._path(data)
            path.replace(target)
            self.written.append(data)
            return None
        if op == "remove":
            if path.is_dir():
                shutil.rmtree(path) if data == "recursive" else path.rmdir()
            elif path.exists():
                path.unlink()
            return None
        raise ValueError(op)


def pick_folder(page: Any, root: Path) -> LocalRepository:
    """Make the page's directory picker answer with `root` (call before loading the page)."""
    repository = LocalRepository(root)
    page.expose_function("__bantinFolder", repository)
    page.add_init_script(SHIM)
    return repository
