package com.topsteel.provisioning.gateway.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sociétés console at {@code /console/}: static files under {@code static/console}, served by the
 * gateway itself beside the ops page. Every call it makes goes through the API with the caller's key.
 */
@Configuration(proxyBeanMethods = false)
class ConsolePage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }
}
