package io.batchlab.launcher;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Who calls {@code batchlab serve}'s API: the local user who started it, as an operator. Every request that reaches
 * the API has passed {@link LocalAccessToken}, and only that user saw the token; they own the experiments tree and
 * could run {@code batchlab stop | restart | retry} themselves. The API's own rules still decide what an operator may do.
 */
@Priority(Priorities.AUTHENTICATION)
final class LocalOperator implements ContainerRequestFilter {

    static final String USER = "local";
    private static final Principal PRINCIPAL = () -> USER;

    @Override
    public void filter(ContainerRequestContext request) {
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return PRINCIPAL;
            }

            @Override
            public boolean isUserInRole(String role) {
                return true;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "batchlab-serve-token";
            }
        });
    }
}
