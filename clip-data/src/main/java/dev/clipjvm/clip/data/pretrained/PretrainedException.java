package dev.clipjvm.clip.data.pretrained;

/**
 * Why a pretrained checkpoint could not be provided; one subclass per cause, each message one
 * sentence naming the model, URL, file or value at fault.
 */
public abstract sealed class PretrainedException extends Exception
    permits UnknownModelException, NetworkException, HttpStatusException,
        ChecksumMismatchException, CacheException {

  PretrainedException(String message, Throwable cause) {
    super(message, cause);
  }
}
