package com.topsteel.provisioning.gateway.societe;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.topsteel.provisioning.gateway.web.PageOf;

/** The users of a société ({@code users} through {@code societe_users}), read only: the worker creates them. */
@Repository
class SocieteUsers {

    private final JdbcClient jdbc;

    SocieteUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PageOf<SocieteUser> page(UUID societeId, int page, int size) {
        long total = jdbc.sql("select count(*) from societe_users where societe_id = :societeId")
                .param("societeId", societeId)
                .query(Long.class)
                .single();
        List<SocieteUser> content = jdbc.sql("""
                select u.id, u.email, u.prenom, u.nom, u.role, su.role as societe_role, u.active and su.active as active,
                       u.must_change_password, u.last_login_at, u.created_at
                from societe_users su join users u on u.id = su.user_id
                where su.societe_id = :societeId
                order by lower(u.email), u.id
                limit :limit offset :offset""")
                .param("societeId", societeId)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> new SocieteUser(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("prenom"),
                        rs.getString("nom"),
                        rs.getString("role"),
                        rs.getString("societe_role"),
                        rs.getBoolean("active"),
                        rs.getBoolean("must_change_password"),
                        rs.getObject("last_login_at", OffsetDateTime.class),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
        return PageOf.of(content, page, size, total);
    }
}
