package org.ketaminefhir.adapter.testsupport;

import java.util.function.UnaryOperator;
import org.springframework.beans.factory.config.BeanPostProcessor;

/** A test's stand-in around one of the adapter's beans: every bean of the type goes through {@code wrap}. */
public final class BeanWrapping {

    private BeanWrapping() {}

    public static <T> BeanPostProcessor wrapping(Class<T> type, UnaryOperator<T> wrap) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return type.isInstance(bean) ? wrap.apply(type.cast(bean)) : bean;
            }
        };
    }
}
