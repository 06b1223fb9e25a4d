package io.hubia.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A folder laid out like a Kubernetes ConfigMap volume, updated the way the kubelet does it:
 *
 * <pre>
 * dir/..2026_01_01_00_00_00.1/hubia-runtime.yaml   the real file, in a timestamped folder
 * dir/..data -> ..2026_01_01_00_00_00.1             swapped atomically (rename) on update
 * dir/hubia-runtime.yaml -> ..data/hubia-runtime.yaml
 * </pre>
 */
public final class ConfigMapVolume {
  private final Path dir;
  private final String key;

  private ConfigMapVolume(Path dir, String key) {
    this.dir = dir;
    this.key = key;
  }

  /** Creates the volume in {@code dir} with one key holding {@code content}. */
  public static ConfigMapVolume create(Path dir, String key, String content) {
    ConfigMapVolume volume = new ConfigMapVolume(dir, key);
    try {
      Files.createDirectories(dir);
      Path data = volume.writeTimestamped(content);
      Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
      Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return volume;
  }

  /** An existing volume in {@code dir}, e.g. one created by another class loader. */
  public static ConfigMapVolume open(Path dir, String key) {
    return new ConfigMapVolume(dir, key);
  }

  /** The path the application reads: {@code dir/key}. */
  public Path file() {
    return dir.resolve(key);
  }

  /** Replaces the content as the kubelet does: new folder, atomic swap of {@code ..data}. */
  public void update(String content) {
    try {
      Path old = Files.readSymbolicLink(dir.resolve("..data"));
      Path data = writeTimestamped(content);
      Path tmp = dir.resolve("..data_tmp");
      Files.createSymbolicLink(tmp, data.getFileName());
      Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      Path oldDir = dir.resolve(old);
      try (var files = Files.list(oldDir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(oldDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeTimestamped(String content) throws IOException {
    Path data = Files.createTempDirectory(dir, "..2026_01_01_00_00_00.");
    Files.writeString(data.resolve(key), content, StandardCharsets.UTF_8);
    return data;
  }
}
