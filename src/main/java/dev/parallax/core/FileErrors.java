package dev.parallax.core;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What went wrong with a file, in words a user can act on. The JDK's messages are often a bare path
 * ({@code NoSuchFileException: /x}), the path of a temporary file, or a decoder's "Input length = 1".
 */
public final class FileErrors {

    private FileErrors() {
    }

    /** The reason; the caller says which file it was reading or writing (a file in the way is named). */
    public static String inWords(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("No space left")) {
            return "the disk is full";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            // Creating a folder: the file in the way may be one of its parents, so say which.
            return f.getFile() == null ? "a file of that name is in the way" : "a file is in the way: " + f.getFile();
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder of that name is in the way";
        }
        if (e instanceof NotDirectoryException || message.endsWith("Not a directory")) {
            return "part of the path is a file, not a folder";
        }
        if (message.endsWith("Is a directory")) {
            return "it is a folder, not a file";
        }
        if (e instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        if (e instanceof FileSystemException f && f.getReason() != null && !f.getReason().isBlank()) {
            return f.getReason().substring(0, 1).toLowerCase(Locale.ROOT) + f.getReason().substring(1);
        }
        return message.isBlank() ? "an input/output error" : message;
    }
}
