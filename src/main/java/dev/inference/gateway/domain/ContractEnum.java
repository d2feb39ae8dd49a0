package dev.inference.gateway.domain;

/** An enum of the v1alpha1 contract: answers use its names, requests may send the name or the number. */
public interface ContractEnum {
    int number();
}
