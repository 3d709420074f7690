package org.tensorflow;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens a {@link Session} on a TensorFlow server ({@code grpc://host:port}). TensorFlow Java
 * 1.1.0's public {@code Session} has no target parameter; the C API's {@code TF_SetTarget} and
 * the package-private {@code Session(Graph, TF_Session)} constructor are reachable only from this
 * package, hence this one class in {@code org.tensorflow} (it works on the class path, not on the
 * module path).
 */
public final class RemoteSessions {
  private RemoteSessions() {}

  /**
   * A session running {@code graph} on the server at {@code target}, e.g. {@code
   * grpc://127.0.0.1:2222}.
   *
   * @param config session configuration (threads, collective group leader)
   */
  public static Session open(Graph graph, String target, ConfigProto config) {
    try (Graph.Reference ref = graph.ref(); PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      BytePointer bytes = new BytePointer(config.toByteArray());
      tensorflow.TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      tensorflow.TF_SetTarget(options, target);
      TF_Session handle = TF_Session.newSession(ref.nativeHandle(), options, status);
      status.throwExceptionIfNotOK();
      return new Session(graph, (TF_Session) handle.retainReference());
    }
  }
}
