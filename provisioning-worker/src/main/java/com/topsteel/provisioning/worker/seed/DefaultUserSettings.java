package com.topsteel.provisioning.worker.seed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preferences and notification settings every default user starts with, as the seed note
 * and the original implementation define them. Ordered maps keep the stored JSON readable.
 */
final class DefaultUserSettings {

    static final String LANGUAGE = "fr";
    static final String TIMEZONE = "Europe/Paris";
    static final String THEME = "light";
    static final String DATE_FORMAT = "DD/MM/YYYY";
    static final boolean EMAIL_NOTIFICATIONS = true;
    static final boolean PUSH_NOTIFICATIONS = true;
    static final boolean SMS_NOTIFICATIONS = false;

    static final Map<String, Object> EMAIL_TYPES = ordered(
            "newMessages", true,
            "systemAlerts", true,
            "taskReminders", true,
            "securityAlerts", true,
            "weeklyReports", false,
            "maintenanceNotices", false);

    static final Map<String, Object> PUSH_TYPES = ordered(
            "enabled", true,
            "sound", true,
            "urgent", true,
            "normal", true,
            "quiet", false);

    static final Map<String, Object> QUIET_HOURS = ordered(
            "enabled", false,
            "start", "22:00",
            "end", "07:00");

    static final Map<String, Object> APPEARANCE = ordered(
            "fontSize", "medium",
            "sidebarWidth", "normal",
            "density", "comfortable",
            "accentColor", "blue",
            "contentWidth", "compact");

    static final boolean NOTIFY_SOUND = true;
    static final boolean NOTIFY_TOAST = true;
    static final boolean NOTIFY_BROWSER = true;
    static final boolean NOTIFY_EMAIL = true;
    static final boolean NOTIFY_PUSH = true;

    static final Map<String, Object> NOTIFICATION_CATEGORIES = ordered(
            "system", true,
            "stock", true,
            "projet", true,
            "production", true,
            "maintenance", true,
            "qualite", true,
            "facturation", true,
            "utilisateur", true,
            "sauvegarde", false);

    static final Map<String, Object> NOTIFICATION_PRIORITIES = ordered(
            "low", false,
            "normal", true,
            "high", true,
            "urgent", true);

    static final Map<String, Object> WORKING_HOURS = ordered(
            "enabled", false,
            "start", "09:00",
            "end", "18:00");

    /** ISO day numbers, Monday = 1. */
    static final Map<String, Object> WEEKDAYS = ordered(
            "enabled", false,
            "days", List.of(1, 2, 3, 4, 5));

    private DefaultUserSettings() {
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
